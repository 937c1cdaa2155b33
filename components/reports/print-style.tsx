/** Print layout for /reports: no navigation or controls, single column, A4 with small margins. */
export function PrintStyle() {
  return (
    <style>{`@media print {
  @page { size: A4; margin: 12mm; }
  html, body { background: #fff !important; color: #000 !important; }
  aside, header:has([data-testid="current-shop"]), [data-testid="reauth-banner"], [data-sonner-toaster] { display: none !important; }
  main { padding: 0 !important; }
  [data-report-grid] { display: block !important; }
  [data-report-grid] > * { margin-bottom: 8mm; break-inside: avoid; }
  .recharts-responsive-container { max-width: 180mm; }
}`}</style>
  );
}
