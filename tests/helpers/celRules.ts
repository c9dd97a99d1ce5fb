// Evaluates the subset of CEL that Strimzi's CRDs use in x-kubernetes-validations (`has(self.x)`, field selection,
// string/number/bool literals, == != < <= > >=, !, &&, ||, parentheses), with CEL's semantics where they matter: a
// missing field is an error, and && / || absorb an error when the other side decides the result. Anything outside the
// subset is reported as unevaluable, never passed.

type Value = string | number | boolean | null | Record<string, unknown> | unknown[];
type Outcome = { value: Value } | { error: string };
type Node =
  | { type: "literal"; value: Value }
  | { type: "self" }
  | { type: "select"; target: Node; field: string }
  | { type: "has"; target: Node; field: string }
  | { type: "not"; operand: Node }
  | { type: "binary"; operator: string; left: Node; right: Node };

const tokenPattern = /\s*(\|\||&&|==|!=|<=|>=|[<>!().]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*)/y;

function tokenize(rule: string): string[] {
  const tokens: string[] = [];
  tokenPattern.lastIndex = 0;
  while (tokenPattern.lastIndex < rule.length) {
    if (/^\s*$/.test(rule.slice(tokenPattern.lastIndex))) break;
    const start = tokenPattern.lastIndex;
    const match = tokenPattern.exec(rule);
    if (!match) throw new Error(`unsupported syntax at "${rule.slice(start).trim()}"`);
    tokens.push(match[1]);
  }
  return tokens;
}

/** Parses a rule of the supported subset; throws a sentence naming what it does not support. */
export function parseCelRule(rule: string): Node {
  const tokens = tokenize(rule);
  let position = 0;
  const peek = () => tokens[position];
  const expect = (token: string) => {
    if (tokens[position] !== token) throw new Error(`expected "${token}" at token ${position + 1}, found ${tokens[position] ?? "the end"}`);
    position += 1;
  };
  const binaryLevel = (operators: string[], next: () => Node) => (): Node => {
    let left = next();
    while (operators.includes(peek())) {
      const operator = tokens[position++];
      left = { type: "binary", operator, left, right: next() };
    }
    return left;
  };
  const primary = (): Node => {
    const token = tokens[position++];
    if (token === undefined) throw new Error("the rule ends too early");
    if (token === "(") {
      const inner = or();
      expect(")");
      return selections(inner);
    }
    if (token === "has") {
      expect("(");
      const target = selections(primary());
      expect(")");
      if (target.type !== "select") throw new Error("has() takes a field selection");
      return { type: "has", target: target.target, field: target.field };
    }
    if (token === "self") return selections({ type: "self" });
    if (token === "true" || token === "false") return { type: "literal", value: token === "true" };
    if (token === "null") return { type: "literal", value: null };
    if (/^["']/.test(token)) return { type: "literal", value: token.slice(1, -1).replace(/\\(.)/g, "$1") };
    if (/^\d/.test(token)) return { type: "literal", value: Number(token) };
    throw new Error(`unsupported token "${token}"`);
  };
  const selections = (target: Node): Node => {
    let node = target;
    while (peek() === ".") {
      position += 1;
      const field = tokens[position++];
      if (!field || !/^[A-Za-z_]\w*$/.test(field)) throw new Error(`expected a field name after "."`);
      if (peek() === "(") throw new Error(`unsupported function call .${field}()`);
      node = { type: "select", target: node, field };
    }
    return node;
  };
  const unary = (): Node => (peek() === "!" ? (position++, { type: "not", operand: unary() }) : primary());
  const relation = binaryLevel(["==", "!=", "<", "<=", ">", ">="], unary);
  const and = binaryLevel(["&&"], relation);
  const or = binaryLevel(["||"], and);
  const node = or();
  if (position !== tokens.length) throw new Error(`unexpected "${tokens[position]}"`);
  return node;
}

const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

function evaluate(node: Node, self: unknown): Outcome {
  switch (node.type) {
    case "literal":
      return { value: node.value };
    case "self":
      return { value: self as Value };
    case "select":
    case "has": {
      const target = evaluate(node.target, self);
      if ("error" in target) return target;
      if (!isMap(target.value)) return { error: `cannot select ${node.field} from a non-object` };
      const present = Object.prototype.hasOwnProperty.call(target.value, node.field);
      if (node.type === "has") return { value: present };
      return present ? { value: target.value[node.field] as Value } : { error: `no such key: ${node.field}` };
    }
    case "not": {
      const operand = evaluate(node.operand, self);
      if ("error" in operand) return operand;
      return typeof operand.value === "boolean" ? { value: !operand.value } : { error: "! needs a bool" };
    }
    case "binary":
      return binary(node.operator, node.left, node.right, self);
  }
}

function binary(operator: string, leftNode: Node, rightNode: Node, self: unknown): Outcome {
  const left = evaluate(leftNode, self);
  const right = evaluate(rightNode, self);
  if (operator === "&&" || operator === "||") {
    // CEL's logical operators are commutative over errors: a deciding side wins whatever the other side is.
    const decides = operator === "||";
    for (const side of [left, right]) if ("value" in side && side.value === decides) return { value: decides };
    for (const side of [left, right]) if ("error" in side) return side;
    if (typeof (left as { value: Value }).value !== "boolean" || typeof (right as { value: Value }).value !== "boolean") return { error: `${operator} needs bools` };
    return { value: !decides };
  }
  if ("error" in left) return left;
  if ("error" in right) return right;
  const [a, b] = [left.value, right.value];
  if (typeof a !== typeof b || (typeof a === "object" && a !== null)) return { error: `no such overload: ${typeof a} ${operator} ${typeof b}` };
  switch (operator) {
    case "==":
      return { value: a === b };
    case "!=":
      return { value: a !== b };
    default: {
      if (typeof a !== "number" && typeof a !== "string") return { error: `no such overload: ${typeof a} ${operator}` };
      const [x, y] = [a as number | string, b as number | string];
      return { value: operator === "<" ? x < y : operator === "<=" ? x <= y : operator === ">" ? x > y : x >= y };
    }
  }
}

/** true when `self` satisfies the rule, false when it does not, or why it cannot be evaluated (which the server refuses). */
export function evaluateCelRule(rule: string, self: unknown): boolean | { error: string } {
  let node: Node;
  try {
    node = parseCelRule(rule);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const outcome = evaluate(node, self);
  if ("error" in outcome) return outcome;
  return typeof outcome.value === "boolean" ? outcome.value : { error: "the rule does not give a bool" };
}
