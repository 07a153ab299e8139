import { useEffect, useRef, useState } from 'preact/hooks';
import { IconButton } from '../ui/IconButton';
import { copyText } from './clipboard';

/** A copy icon that confirms ("Copied") or says it could not copy, for a moment. */
export function CopyButton({ text, label = 'Copy', className }: { text: () => string; label?: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onClick = async (e: MouseEvent) => {
    e.stopPropagation();
    const ok = await copyText(text());
    setState(ok ? 'copied' : 'failed');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 1500);
  };
  return (
    <IconButton
      className={className ? `copy-button ${className}` : 'copy-button'}
      icon={state === 'copied' ? 'check' : state === 'failed' ? 'warning' : 'copy'}
      label={state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy' : label}
      onClick={(e) => void onClick(e)}
    />
  );
}
