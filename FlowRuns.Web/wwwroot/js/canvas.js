// Pan and zoom for the flow canvas: drag to pan, wheel to zoom around the pointer, keys + - 0 and arrows, fit.
export function attach(svg) {
  svg.dataset.attached = "yes"; // pan and zoom are live (tests wait for it)
  const initial = svg.viewBox.baseVal;
  const home = { x: initial.x, y: initial.y, width: initial.width, height: initial.height };
  let box = { ...home };
  const apply = () => svg.setAttribute("viewBox", `${box.x} ${box.y} ${box.width} ${box.height}`);
  const zoomAt = (factor, cx, cy) => {
    const width = Math.min(Math.max(box.width / factor, home.width / 8), home.width * 4);
    const scale = width / box.width;
    box = { x: cx - (cx - box.x) * scale, y: cy - (cy - box.y) * scale, width, height: box.height * scale };
    apply();
  };
  const toGraph = (event) => {
    const rect = svg.getBoundingClientRect();
    return { x: box.x + (event.clientX - rect.left) / rect.width * box.width, y: box.y + (event.clientY - rect.top) / rect.height * box.height };
  };
  const onWheel = (event) => { event.preventDefault(); const p = toGraph(event); zoomAt(event.deltaY < 0 ? 1.15 : 1 / 1.15, p.x, p.y); };
  let drag = null;
  const onDown = (event) => { if (event.button !== 0) return; drag = { x: event.clientX, y: event.clientY, box: { ...box }, moved: false }; };
  const onMove = (event) => {
    if (!drag) return;
    const rect = svg.getBoundingClientRect();
    const dx = (event.clientX - drag.x) / rect.width * box.width, dy = (event.clientY - drag.y) / rect.height * box.height;
    if (Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) > 3) drag.moved = true;
    if (drag.moved) { box = { ...box, x: drag.box.x - dx, y: drag.box.y - dy }; apply(); }
  };
  const onUp = () => { drag = null; };
  const onKey = (event) => {
    const step = box.width / 10;
    const keys = {
      "+": () => zoomAt(1.25, box.x + box.width / 2, box.y + box.height / 2),
      "=": () => zoomAt(1.25, box.x + box.width / 2, box.y + box.height / 2),
      "-": () => zoomAt(0.8, box.x + box.width / 2, box.y + box.height / 2),
      "0": () => { box = { ...home }; apply(); },
      ArrowLeft: () => { box.x -= step; apply(); }, ArrowRight: () => { box.x += step; apply(); },
      ArrowUp: () => { box.y -= step; apply(); }, ArrowDown: () => { box.y += step; apply(); },
    };
    if (keys[event.key]) { event.preventDefault(); keys[event.key](); }
  };
  svg.addEventListener("wheel", onWheel, { passive: false });
  svg.addEventListener("pointerdown", onDown);
  window.addEventListener("pointermove", onMove);
  window.addEventListener("pointerup", onUp);
  svg.addEventListener("keydown", onKey);
  svg.dataset.panZoom = "ready";
  return {
    fit() { box = { ...home }; apply(); },
    zoom(factor) { zoomAt(factor, box.x + box.width / 2, box.y + box.height / 2); },
    detach() {
      svg.removeEventListener("wheel", onWheel);
      svg.removeEventListener("pointerdown", onDown);
      window.removeEventListener("pointermove", onMove);
      window.removeEventListener("pointerup", onUp);
      svg.removeEventListener("keydown", onKey);
    },
  };
}
