/**
 * The one mathjs instance of the server, loaded from mathjs's single-file build: its 1 262-file ESM entry takes
 * seconds to load, the bundle a tenth of one. The bundle exposes only its default instance (created from all
 * factories), so `predictable` is set on it here; nothing else in the server loads this build.
 */
import bundled from 'mathjs/lib/browser/math.js';

// predictable: sqrt(-1), log(-1) give NaN instead of a Complex, so "complex" is just "not finite"; (-8)^(1/3) is -2.
bundled.config({ predictable: true });

export const math = bundled;
export type { MathNode, ConstantNode, FunctionNode, OperatorNode, SymbolNode } from 'mathjs';
