// Error and the native errors: names, messages, cause, toString, prototype chains.
var e = new Error('boom');
print(e.message, e.name, String(e), e instanceof Error);
var t = new TypeError('bad');
print(t instanceof TypeError, t instanceof Error, String(t));
print(Object.getPrototypeOf(TypeError) === Error, TypeError.prototype.name);
var c = new Error('x', {cause: 'why'});
print(c.cause, 'cause' in new Error('y'));
print(Error('no new').message, RangeError.length);
try { null.x; } catch (err) { print(err instanceof TypeError); }
try { undefinedVariable; } catch (err) { print(err.name, err.message); }
print(Error.prototype.toString.call({name: 'N', message: 'M'}));
print(Error.prototype.toString.call({}));
