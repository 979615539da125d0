// The run list's one browser-side need: go back to the top when the user asks for the new runs.
window.flowRuns = window.flowRuns || {};
window.flowRuns.scrollToTop = element => { if (element) element.scrollTop = 0; };
