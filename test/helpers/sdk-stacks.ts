// Loaded by the unit tier after ts-node (.mocharc.json `require`): the SDK's promise stacks are not source-mapped in
// the tests either, as in the program (../../stack-traces.ts): the component and policy tests took twice the CPU
// mapping them (docs/testing.md#timings).
import { unmappedPromiseStacks } from "../../stack-traces";

unmappedPromiseStacks();
