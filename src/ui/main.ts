/** The app's entry: the workbench shell, opened on the example named in `?example=` (default: the tutorial). */
import './app.ts';

document.getElementById('app')!.replaceChildren(document.createElement('nw-app'));
