// mathjs's single-file build (a UMD bundle) is its default instance, typed like the package's main entry.
declare module 'mathjs/lib/browser/math.js' {
  import type { MathJsInstance } from 'mathjs';

  const math: MathJsInstance;
  export default math;
}
