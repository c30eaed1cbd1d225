// Sortable tables: a button in each <th> of a table.sortable sorts by that column.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table.sortable").forEach((table) => {
    table.querySelectorAll("thead th").forEach((th, index) => {
      const button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", () => {
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach((h) => h.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const key = (row) => {
          const cell = row.cells[index];
          const raw = cell.dataset.value ?? cell.textContent.trim();
          const n = Number(raw.replace(/[\s,%]/g, ""));
          return Number.isNaN(n) ? raw.toLowerCase() : n;
        };
        rows.sort((a, b) => {
          const x = key(a), y = key(b);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach((row) => body.appendChild(row));
      });
    });
  });
});
