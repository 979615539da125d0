// The flow editor's canvas takes Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y and Delete/Backspace as its own (undo, redo, delete the
// selection; the server handles them). Their default action must not run too: with the focus on a node, Chromium's
// Ctrl+Z would undo the typing of the last text field edited anywhere on the page, and focus it.
document.addEventListener("keydown", event => {
  if (!(event.target instanceof Element) || !event.target.closest(".draft-canvas")) return;
  const key = event.key.toLowerCase();
  if (((event.ctrlKey || event.metaKey) && (key === "z" || key === "y")) || key === "backspace" || key === "delete") event.preventDefault();
  // Deleting removes the focused node: the focus goes to the canvas itself, not to the page's body, so the next key
  // (Ctrl+Z to take it back) still reaches the editor. The event keeps its target: the deletion goes through as ever.
  if (key === "backspace" || key === "delete") event.target.closest(".draft-canvas")?.querySelector(".diagram-canvas")?.focus({ preventScroll: true });
}, { capture: true });
