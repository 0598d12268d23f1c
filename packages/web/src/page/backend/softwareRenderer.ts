/** Substrings of the WebGL renderer names of software rasterisers (no GPU): Chromium's and Mesa's. */
export const SOFTWARE_RENDERERS = ['swiftshader', 'llvmpipe', 'softpipe', 'software'] as const;

/**
 * Whether a WebGL renderer name (`UNMASKED_RENDERER_WEBGL`) is a software rasteriser, on which TF.js's
 * webgl backend is much slower than wasm (headless Chromium without GPU, `bench/web/backends.mjs`: 4 epochs
 * of the page's CNN, medians of 5 alternating rounds, 9.7 s on webgl against 1.2 s on wasm).
 *
 * @example
 * isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)'); // true
 * isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)');                  // false
 */
export function isSoftwareRenderer(renderer: string): boolean {
  const name = renderer.toLowerCase();
  return SOFTWARE_RENDERERS.some((s) => name.includes(s));
}

/** The WebGL renderer name of this browser, or undefined without WebGL (or when it hides it). */
export function webglRenderer(): string | undefined {
  const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
  if (gl === null) return undefined;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name: unknown = gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return typeof name === 'string' ? name : undefined;
}
