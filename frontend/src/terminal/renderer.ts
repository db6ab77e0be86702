/**
 * Which xterm.js renderer to use. The WebGL renderer is only fast on a real GPU: on a software
 * GL (Chrome's SwiftShader, Mesa's llvmpipe / softpipe, Windows' Basic Render Driver) it redraws
 * the screen on the CPU every frame and made a 67.5 MB flood ~3x slower than the DOM renderer
 * (bench/README.md, terminal throughput). `localStorage['stratus.terminal.renderer']` = `webgl` or
 * `dom` overrides the choice.
 */
export type RendererChoice = 'webgl' | 'dom';

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic|mesa offscreen/i;

/** True when a WebGL renderer string names a software rasterizer. Pure. */
export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE.test(renderer);
}

/** Picks the renderer from the override, else from a probe of the GPU (`probe` returns its renderer string, or null when WebGL would be slow or is missing). */
export function chooseRenderer(override: string | null, probe: () => string | null): RendererChoice {
  if (override === 'webgl' || override === 'dom') return override;
  const renderer = probe();
  return renderer !== null && !isSoftwareRenderer(renderer) ? 'webgl' : 'dom';
}

/**
 * The GPU's renderer string from a throwaway WebGL2 context created with
 * `failIfMajorPerformanceCaveat` (which browsers refuse when they would render in software),
 * or null when there is no such context.
 */
export function probeWebgl(): string | null {
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2', { failIfMajorPerformanceCaveat: true });
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name;
  } catch {
    return null;
  }
}
