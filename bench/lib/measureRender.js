// Loaded into the benchmark page before the webview bundle (plain browser JS, not bundled):
// dispatches a host message the way VS Code delivers it (a MessageEvent on the webview's window)
// and times how the board's cards arrive. "Painted" = the first task after the next frame.
window.__measureRender = function measureRender(message, total) {
  const cards = document.getElementsByClassName('card'); // live collection: cheap to re-count
  const afterNextPaint = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(0);
      }),
    );
  return new Promise((resolve) => {
    let t0 = 0;
    let first;
    let dispatched = 0;
    // Cards off screen are windowed (webview/board/useCardWindow.ts): a spacer stands for them and
    // says how many. The board is complete when every card is rendered or accounted for.
    const spacers = document.getElementsByClassName('card-spacer');
    const accounted = () => {
      let n = cards.length;
      for (const s of spacers) n += Number(s.dataset.count || 0);
      return n;
    };
    const check = () => {
      if (!first && cards.length) {
        const dom = performance.now() - t0;
        const count = cards.length;
        first = afterNextPaint().then((t) => ({ dom, paint: t - t0, count }));
      }
      if (cards.length && accounted() >= total) {
        observer.disconnect();
        const allDom = performance.now() - t0;
        afterNextPaint().then(async (t) => {
          const f = await first;
          resolve({ dispatched, firstDom: f.dom, firstPaint: f.paint, firstCount: f.count, allDom, allPaint: t - t0 });
        });
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.getElementById('root'), { childList: true, subtree: true });
    t0 = performance.now();
    window.dispatchEvent(new MessageEvent('message', { data: message }));
    dispatched = performance.now() - t0; // the app's synchronous share: validation + state update
    check();
  });
};
