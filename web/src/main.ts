/** The playground page: wires the editor, the views and the worker session together. */
import { SourceEditor } from './ui/editor.js';
import { byTestId } from './ui/dom.js';
import { ebpfAsm } from './ui/languages.js';
import { Tabs } from './ui/tabs.js';

const tabs = new Tabs();
const editor = new SourceEditor(byTestId('editor'), { onChange: () => {}, onBreakpoints: () => {}, hoverText: () => undefined });
editor.load('r0 = 0\nexit\n', ebpfAsm, false);
void tabs;
