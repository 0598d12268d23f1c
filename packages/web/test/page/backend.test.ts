import { describe, expect, it } from 'vitest';
import { backendChoice } from '../../src/page/backend/backendChoice.js';
import { isSoftwareRenderer } from '../../src/page/backend/softwareRenderer.js';

describe('backend choice', () => {
  it('accepts the menu values and rejects others, listing them', () => {
    for (const name of ['auto', 'webgl', 'wasm', 'cpu']) expect(backendChoice(name)).toBe(name);
    expect(() => backendChoice('gpu')).toThrow("backendChoice: 'backend' must be one of 'auto', 'webgl', 'wasm', 'cpu'; got 'gpu'.");
  });
  it('recognises software WebGL renderers (Chromium without GPU, Mesa) and not GPUs', () => {
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
    expect(isSoftwareRenderer('Apple M2')).toBe(false);
  });
});
