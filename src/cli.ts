// Headless entry point; commands arrive with the executors issue.
console.error('viban: the command line is not available yet');
process.exit(2);
