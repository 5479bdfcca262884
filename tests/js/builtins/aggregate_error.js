// AggregateError (errors, message, options): the errors iterable becomes an
// own non-enumerable "errors" array; message and cause as for the other
// errors; Promise.any rejects with one.
const e = new AggregateError(new Set([1, "two"]), "many", { cause: "why" });
print(e instanceof AggregateError, e instanceof Error, Object.getPrototypeOf(AggregateError) === Error);
print(e.name, e.message, e.cause, JSON.stringify(e.errors), Array.isArray(e.errors));
print(Object.keys(e).length, Object.getOwnPropertyDescriptor(e, "errors").enumerable, AggregateError.length);
print(String(AggregateError([], "called")), Error.isError(new AggregateError([])));
try { new AggregateError(5); } catch (x) { print("not iterable:", x.constructor.name); }
const order = [];
new AggregateError({ [Symbol.iterator]() { order.push("iter"); return [][Symbol.iterator](); } },
                   { toString() { order.push("message"); return "m"; } });
print(order.join());
class Mine extends AggregateError {}
print(new Mine([1]).errors.length, new Mine([]) instanceof Mine);
Promise.any([Promise.reject(1), Promise.reject(2)]).catch(x => print("any:", x.constructor.name, x.errors.join(), x.message));
