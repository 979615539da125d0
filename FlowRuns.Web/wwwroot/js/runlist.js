// The run list's one browser-side need: go back to the top when the user asks for the new runs.
window.flowRuns = window.flowRuns || {};
window.flowRuns.scrollToTop = element => { if (element) element.scrollTop = 0; };
// A row a link pointed at, brought into view once the circuit has drawn it.
window.flowRuns.scrollIntoView = selector => { const element = document.querySelector(selector); if (element) element.scrollIntoView({ block: 'center' }); };
window.flowRuns.hash = () => location.hash;
