/** The CSV writers live with the values they write (nodes/csv.ts); re-exported for the app and CLI. */
export { spikesCsv, tableCsv, traceColumns, tracesCsv } from '../../nodes/csv.ts';
