import { describe, expect, it } from 'vitest';
import { withoutOption } from '../../src/cli/withoutOption.js';

describe('withoutOption', () => {
  it('drops the option and its value, in both forms, and keeps everything else in order', () => {
    expect(withoutOption(['train', '--nproc', '2', '--out', 'runs/a'], '--nproc')).toEqual(['train', '--out', 'runs/a']);
    expect(withoutOption(['train', '--out', 'runs/a', '--nproc=4', '--threads', '1'], '--nproc')).toEqual(['train', '--out', 'runs/a', '--threads', '1']);
    expect(withoutOption(['train', '--nprocs', '2'], '--nproc')).toEqual(['train', '--nprocs', '2']);
    expect(withoutOption(['train'], '--nproc')).toEqual(['train']);
  });
});
