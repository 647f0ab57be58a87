/**
 * Parsing a level expression under a budget: length, bracket nesting and node count are bounded before or right
 * after mathjs parses it (its recursive-descent parser overflows the stack near 300 nested brackets), then every
 * node is checked against a whitelist. Everything refused says why with a reason (shared/expression-errors.ts).
 */
import { math, type MathNode } from './mathjs.ts';
import { refuse } from './errors.ts';

export const VARIABLES = { 1: ['x'], 2: ['x', 'y'] } as const;
/** Named constants a level expression may use. */
export const CONSTANTS: ReadonlySet<string> = new Set(['pi', 'e']);

/** Limits on the text and the tree of an expression. */
export const EXPRESSION_LIMITS = { length: 2000, nodes: 1000, depth: 40 } as const;

/** Allowed functions with their [min, max] number of arguments; the tape (server/math/tape.ts) runs each one. */
export const FUNCTIONS: Readonly<Record<string, readonly [number, number]>> = {
  abs: [1, 1],
  sqrt: [1, 1],
  exp: [1, 1],
  log: [1, 2],
  log10: [1, 1],
  log2: [1, 1],
  sin: [1, 1],
  cos: [1, 1],
  tan: [1, 1],
  asin: [1, 1],
  acos: [1, 1],
  atan: [1, 1],
  sinh: [1, 1],
  cosh: [1, 1],
  tanh: [1, 1],
  asinh: [1, 1],
  acosh: [1, 1],
  atanh: [1, 1],
  pow: [2, 2],
  square: [1, 1],
  cube: [1, 1],
  min: [2, 16],
  max: [2, 16],
};

/** The functions a level expression may call, for documentation and tests. */
export const ALLOWED_FUNCTIONS: readonly string[] = Object.keys(FUNCTIONS);

/** mathjs's names of the operators a level expression may use. */
export const OPERATORS: ReadonlySet<string> = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);

const REFUSED_NODES: Readonly<Record<string, [construct: string, message: string]>> = {
  AssignmentNode: ['assignment', 'assignments (like x = 1) are not allowed'],
  FunctionAssignmentNode: ['function-definition', 'function definitions (like f(x) = …) are not allowed'],
  ArrayNode: ['matrix', 'matrices and vectors ([…]) are not allowed'],
  ObjectNode: ['object', 'objects ({…}) are not allowed'],
  BlockNode: ['block', 'write a single expression (no ; or line breaks)'],
  ConditionalNode: ['conditional', 'conditionals (a ? b : c) are not allowed'],
  RelationalNode: ['comparison', 'comparisons are not allowed'],
  AccessorNode: ['indexing', 'indexing and properties are not allowed'],
  IndexNode: ['indexing', 'indexing and properties are not allowed'],
  RangeNode: ['range', 'ranges (a:b) are not allowed'],
};

/** Deepest bracket nesting of the text: checked before parsing, which recurses once per bracket. */
function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '{') deepest = Math.max(deepest, ++depth);
    else if (ch === ')' || ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
  }
  return deepest;
}

// A chain of one kind of operator (a + b − c + d, a · b / c) counts as one level, as it reads.
function family(node: MathNode): string | null {
  if (!math.isOperatorNode(node)) return null;
  if (node.fn === 'add' || node.fn === 'subtract') return 'sum';
  if (node.fn === 'multiply' || node.fn === 'divide') return 'product';
  return null;
}

/** Node count and depth, walked without recursion (the tree is not yet known to be shallow). */
function measure(root: MathNode): { nodes: number; depth: number } {
  let nodes = 0;
  let depth = 0;
  const stack: [MathNode, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, d] = stack.pop() as [MathNode, number];
    nodes += 1;
    depth = Math.max(depth, d);
    if (nodes > EXPRESSION_LIMITS.nodes || depth > EXPRESSION_LIMITS.depth) break;
    const kind = family(node);
    node.forEach((child: MathNode) => {
      stack.push([child, kind !== null && family(child) === kind ? d : d + 1]);
    });
  }
  return { nodes, depth };
}

/** Refuses anything outside the whitelist, naming the first offending piece. */
function checkNode(node: MathNode, dims: 1 | 2): void {
  const variables: readonly string[] = VARIABLES[dims];
  if (math.isConstantNode(node)) {
    if (typeof node.value === 'string') refuse('NOT_ALLOWED', { construct: 'string' }, 'strings are not allowed');
    if (typeof node.value !== 'number') {
      refuse('NOT_ALLOWED', { construct: 'constant' }, `the constant ${String(node.value)} is not allowed: use numbers`);
    }
    return;
  }
  if (math.isSymbolNode(node)) {
    const name = node.name;
    if (variables.includes(name) || CONSTANTS.has(name)) return;
    if (dims === 1 && (VARIABLES[2] as readonly string[]).includes(name)) {
      refuse('VARIABLE_NOT_IN_1D', { name }, `unknown variable "${name}": a 1-D level uses only x`);
    }
    if (Object.hasOwn(FUNCTIONS, name)) refuse('FUNCTION_AS_VARIABLE', { name }, `"${name}" is a function: call it like ${name}(x)`);
    if (math.Unit.isValuelessUnit(name)) refuse('UNIT', { name }, `units are not allowed ("${name}")`);
    refuse('UNKNOWN_VARIABLE', { name, variables: variables.join(', ') }, `unknown variable "${name}": use ${variables.join(' and ')} (and the constants pi, e)`);
  }
  if (math.isParenthesisNode(node)) return checkNode(node.content, dims);
  if (math.isOperatorNode(node)) {
    if (!OPERATORS.has(node.fn)) refuse('OPERATOR_NOT_ALLOWED', { operator: node.op }, `the operator "${node.op}" is not allowed`);
    for (const arg of node.args) checkNode(arg, dims);
    return;
  }
  if (math.isFunctionNode(node)) {
    if (!math.isSymbolNode(node.fn)) refuse('NOT_ALLOWED', { construct: 'call' }, 'only named functions can be called');
    const name = node.fn.name;
    const arity = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
    if (!arity) {
      if (name in math) refuse('FUNCTION_NOT_ALLOWED', { name }, `the function "${name}" is not allowed`);
      refuse('UNKNOWN_FUNCTION', { name }, `unknown function "${name}"`);
    }
    const [min, max] = arity;
    const count = node.args.length;
    if (count < min || count > max) {
      refuse('ARGUMENT_COUNT', { name, min, max, count }, `${name} takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, not ${count}`);
    }
    for (const arg of node.args) checkNode(arg, dims);
    return;
  }
  const [construct, message] = REFUSED_NODES[node.type] ?? ['other', `${node.type} is not allowed`];
  refuse('NOT_ALLOWED', { construct }, message);
}

/** Parses and checks a level expression in x (and y); throws INVALID_EXPRESSION with a reason. */
export function parseLevelExpression(expression: string, dims: 1 | 2): MathNode {
  if (typeof expression !== 'string' || expression.trim() === '') refuse('EMPTY', {}, 'the expression is empty');
  const { length, nodes, depth } = EXPRESSION_LIMITS;
  if (expression.length > length) refuse('TOO_LONG', { max: length }, `the expression is longer than ${length} characters`);
  if (bracketDepth(expression) > depth) refuse('TOO_DEEP', { max: depth }, `the expression nests more than ${depth} levels deep`);

  let node: MathNode;
  try {
    node = math.parse(expression);
  } catch (err) {
    const char = typeof (err as { char?: unknown }).char === 'number' ? (err as { char: number }).char : 0;
    refuse('PARSE', { char }, `cannot parse the expression: ${err instanceof Error ? err.message : String(err)}`);
  }
  const size = measure(node);
  if (size.nodes > nodes) refuse('TOO_MANY_NODES', { max: nodes }, `the expression has more than ${nodes} terms`);
  if (size.depth > depth) refuse('TOO_DEEP', { max: depth }, `the expression nests more than ${depth} levels deep`);
  checkNode(node, dims);
  return node;
}
