/** One styled line of the browser, cut to a width (the panes, the header and the footer draw with it). */
import React from 'react';
import { Text } from 'ink';
import { fit } from './format.js';
import { TONES, type Line, type Tone } from './theme.js';

export function Segs({ line, width, base }: { line: Line; width: number; base?: Tone }): React.ReactElement {
  // Cut the line to the pane width ourselves: cheaper than Ink's wrapping, and exact.
  let room = width;
  const parts: React.ReactElement[] = [];
  for (let i = 0; i < line.length && room > 0; i++) {
    const s = line[i];
    const chars = Array.from(s.text);
    const text = chars.length > room ? fit(s.text, room) : s.text;
    room -= Math.min(chars.length, room);
    const st = TONES[s.tone ?? base ?? 'plain'];
    parts.push(
      <Text key={i} color={st.color} bold={st.bold} dimColor={st.dim} inverse={st.inverse} underline={st.underline}>
        {text}
      </Text>,
    );
  }
  const empty = line.every((x) => x.text === '');
  return <Text wrap="truncate-end">{empty ? ' ' : parts}</Text>;
}
