// Blazor.Diagrams re-measures its canvases on every DOM change anywhere in the page (a MutationObserver on <body> that
// forces a layout read each time), to notice a canvas that moved without resizing. On a live run page that repaints
// several times a second this doubled the time from commit to screen. Instead a canvas is re-measured when the user is
// about to use it — a pointer down or a wheel on it, the only moments its position matters (zooming at the pointer) —
// and, as the library already does, when it resizes or the page scrolls. The measurement reaches the server before the
// input does (one connection, in order).
(() => {
  const diagrams = window.ZBlazorDiagrams;
  diagrams.mo.disconnect();
  const remeasure = event => {
    for (const id in diagrams.canvases) {
      const canvas = diagrams.canvases[id];
      if (!canvas.elem.contains(event.target)) continue;
      const bounds = canvas.elem.getBoundingClientRect();
      const last = canvas.lastBounds;
      if (last.left !== bounds.left || last.top !== bounds.top || last.width !== bounds.width || last.height !== bounds.height) {
        canvas.lastBounds = bounds;
        canvas.ref.invokeMethodAsync("OnResize", bounds);
      }
    }
  };
  document.addEventListener("pointerdown", remeasure, { capture: true });
  document.addEventListener("wheel", remeasure, { capture: true, passive: true });
})();
