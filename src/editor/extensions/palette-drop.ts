/** A block dragged from the palette and dropped on the canvas is added where it was dropped. */
import { blockDef } from '../../../nodes/index.ts';
import { BLOCK_MIME } from '../palette.ts';
import { clientToArea } from './coordinates.ts';
import { listen } from './listen.ts';
import type { Area, Destroy } from './types.ts';

/** The block's top-left corner goes this far (editor px) up-left of the pointer: the pointer lands on its title. */
const GRAB_OFFSET: [number, number] = [20, 14];

export function paletteDrop(deps: {
  container: HTMLElement;
  area: Area;
  addBlock: (type: string, at: [number, number]) => string;
  toast: (message: string, kind?: 'info' | 'error') => void;
}): Destroy {
  const { container, area } = deps;
  const offs: Destroy[] = [
    listen(container, 'dragover', (e) => {
      if (!e.dataTransfer?.types.includes(BLOCK_MIME)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }),
    listen(container, 'drop', (e) => {
      const type = e.dataTransfer?.getData(BLOCK_MIME);
      if (!type) return;
      e.preventDefault();
      e.stopPropagation();
      const [x, y] = clientToArea(area, e.clientX, e.clientY);
      if (blockDef(type)) deps.addBlock(type, [Math.round(x - GRAB_OFFSET[0]), Math.round(y - GRAB_OFFSET[1])]);
      else deps.toast(`there is no block type "${type}"`, 'error');
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
