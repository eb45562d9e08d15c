// Phone navigation: on a narrow screen the sections fold behind a menu button, so the page's
// content comes first. Without this script the links simply show.
const button = document.querySelector(".nav-toggle");
const nav = document.getElementById("mainnav");
if (button && nav) {
  document.documentElement.classList.add("nav-folds");
  button.hidden = false;
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("open", open);
  });
}
