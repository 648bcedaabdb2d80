/**
 * The source editor (CodeMirror 6): one language per input kind, the session's diagnostics
 * underlined at their line/column, a breakpoint gutter (click a line number's left margin or press
 * F9), the failing instruction and the debugger's current instruction highlighted, and the
 * verifier's per-instruction state on hover.
 */
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { defaultHighlightStyle, syntaxHighlighting, type Language } from '@codemirror/language';
import { type Diagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { Compartment, EditorState, type Extension, RangeSet, StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView, gutter, GutterMarker, highlightActiveLine, hoverTooltip, keymap, lineNumbers } from '@codemirror/view';

export interface EditorDiagnostic {
  message: string;
  /** 1-based line and column; no line means the whole text. */
  line?: number;
  column?: number;
  severity?: 'error' | 'warning' | 'info';
}

export interface EditorCallbacks {
  onChange: (text: string) => void;
  /** The set of 1-based lines with a breakpoint changed. */
  onBreakpoints: (lines: number[]) => void;
  /** Text to show when hovering over a 1-based line (the verifier's state there), if any. */
  hoverText: (line: number) => string | undefined;
}

const toggleBreakpoint = StateEffect.define<number>();        // a document position
const clearBreakpoints = StateEffect.define<null>();

class BreakpointMarker extends GutterMarker {
  override toDOM(): Node {
    const dot = document.createElement('span');
    dot.className = 'cm-breakpoint';
    dot.textContent = '●';
    dot.title = 'breakpoint (F9 toggles)';
    return dot;
  }
}
const breakpointMarker = new BreakpointMarker();

/** The empty place of a breakpoint, shown faintly on hover so the gutter can be found. */
class BreakpointSlot extends GutterMarker {
  override toDOM(): Node {
    const dot = document.createElement('span');
    dot.className = 'cm-breakpoint-slot';
    dot.textContent = '○';
    dot.title = 'click to set a breakpoint (F9)';
    return dot;
  }
}
const breakpointSlot = new BreakpointSlot();

const breakpointField = StateField.define<RangeSet<GutterMarker>>({
  create: () => RangeSet.empty,
  update(set, tr) {
    set = set.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(clearBreakpoints)) set = RangeSet.empty;
      if (e.is(toggleBreakpoint)) {
        let present = false;
        set.between(e.value, e.value, () => { present = true; });
        set = present
          ? set.update({ filter: (from) => from !== e.value })
          : set.update({ add: [breakpointMarker.range(e.value)] });
      }
    }
    return set;
  },
});

/** Whole-line highlights: the failing instruction (error) and the debugger's position (current). */
const setLineMarks = StateEffect.define<{ error: number | undefined; current: number | undefined }>();
const errorLine = Decoration.line({ class: 'cm-error-line', attributes: { 'data-testid': 'editor-error-line' } });
const currentLine = Decoration.line({ class: 'cm-current-line', attributes: { 'data-testid': 'editor-current-line' } });

const lineMarkField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    marks = marks.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setLineMarks)) continue;
      const ranges = [];
      const { doc } = tr.state;
      for (const [line, deco] of [[e.value.error, errorLine], [e.value.current, currentLine]] as const) {
        if (line !== undefined && line >= 1 && line <= doc.lines) ranges.push(deco.range(doc.line(line).from));
      }
      ranges.sort((a, b) => a.from - b.from);
      marks = Decoration.set(ranges, true);
    }
    return marks;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export class SourceEditor {
  readonly view: EditorView;
  private readonly language = new Compartment();
  private readonly editable = new Compartment();
  private readonly callbacks: EditorCallbacks;

  constructor(parent: HTMLElement, callbacks: EditorCallbacks) {
    this.callbacks = callbacks;
    const breakpointGutter = gutter({
      class: 'cm-breakpoint-gutter',
      lineMarker: (view, line) => {
        let set = false;
        view.state.field(breakpointField).between(line.from, line.from, () => { set = true; });
        return set ? breakpointMarker : breakpointSlot;
      },
      lineMarkerChange: (u) => u.startState.field(breakpointField) !== u.state.field(breakpointField),
      initialSpacer: () => breakpointMarker,
      domEventHandlers: {
        mousedown: (view, line) => {
          view.dispatch({ effects: toggleBreakpoint.of(line.from) });
          return true;
        },
      },
    });
    const extensions: Extension[] = [
      breakpointField,
      breakpointGutter,
      lineNumbers(),
      lintGutter(),
      history(),
      highlightActiveLine(),
      lineMarkField,
      syntaxHighlighting(defaultHighlightStyle),
      this.language.of([]),
      this.editable.of(EditorState.readOnly.of(false)),
      // Tab is left to the browser (move focus), so the page stays usable by keyboard.
      keymap.of([
        { key: 'F9', run: (v) => { v.dispatch({ effects: toggleBreakpoint.of(v.state.doc.lineAt(v.state.selection.main.head).from) }); return true; } },
        ...historyKeymap,
        ...defaultKeymap,
      ]),
      hoverTooltip((view, pos) => {
        const line = view.state.doc.lineAt(pos).number;
        const text = this.callbacks.hoverText(line);
        if (!text) return null;
        return {
          pos,
          create: () => {
            const dom = document.createElement('pre');
            dom.className = 'cm-state-tooltip';
            dom.dataset.testid = 'state-tooltip';
            dom.textContent = text;
            return { dom };
          },
        };
      }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) this.callbacks.onChange(u.state.doc.toString());
        const before = u.startState.field(breakpointField);
        const after = u.state.field(breakpointField);
        if (before !== after) this.callbacks.onBreakpoints(this.breakpointLines());
      }),
      EditorView.contentAttributes.of({ 'aria-label': 'program source', 'data-testid': 'editor-content' }),
    ];
    this.view = new EditorView({ parent, state: EditorState.create({ doc: '', extensions }) });
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  /** Replaces the text (and language, and whether it may be edited) without firing onChange. */
  load(text: string, language: Language | null, readOnly: boolean): void {
    const saved = this.callbacks.onChange;
    this.callbacks.onChange = () => {};
    this.view.dispatch({
      changes: { from: 0, to: this.view.state.doc.length, insert: text },
      effects: [
        this.language.reconfigure(language ?? []),
        this.editable.reconfigure(EditorState.readOnly.of(readOnly)),
        clearBreakpoints.of(null),
        setLineMarks.of({ error: undefined, current: undefined }),
      ],
    });
    this.callbacks.onChange = saved;
  }

  setDiagnostics(list: readonly EditorDiagnostic[]): void {
    const { doc } = this.view.state;
    const diagnostics: Diagnostic[] = list.map((d) => {
      const lineNo = Math.min(Math.max(d.line ?? 1, 1), doc.lines);
      const line = doc.line(lineNo);
      const from = d.line === undefined ? 0 : Math.min(line.from + Math.max((d.column ?? 1) - 1, 0), line.to);
      // Underline from the column to the end of the token (or the line when no column is known).
      const rest = doc.sliceString(from, line.to);
      const token = d.column === undefined ? rest.length : Math.max(/^\S*/.exec(rest)?.[0].length ?? 0, 1);
      const to = d.line === undefined ? doc.length : Math.min(from + token, line.to);
      return { from, to: Math.max(to, from), severity: d.severity ?? 'error', message: d.message };
    });
    this.view.dispatch(setDiagnostics(this.view.state, diagnostics));
  }

  /** Highlights the failing instruction's line and the debugger's current line (1-based). */
  markLines(error: number | undefined, current: number | undefined): void {
    this.view.dispatch({ effects: setLineMarks.of({ error, current }) });
    const scrollTo = current ?? error;
    if (scrollTo !== undefined && scrollTo >= 1 && scrollTo <= this.view.state.doc.lines) {
      this.view.dispatch({ effects: EditorView.scrollIntoView(this.view.state.doc.line(scrollTo).from, { y: 'nearest' }) });
    }
  }

  breakpointLines(): number[] {
    const lines: number[] = [];
    const { doc } = this.view.state;
    this.view.state.field(breakpointField).between(0, doc.length, (from) => { lines.push(doc.lineAt(from).number); });
    return lines;
  }

  /** Sets a breakpoint on a 1-based line (the keyboard path and the tests use this too). */
  toggleBreakpointAt(line: number): void {
    const { doc } = this.view.state;
    if (line >= 1 && line <= doc.lines) this.view.dispatch({ effects: toggleBreakpoint.of(doc.line(line).from) });
  }
}
