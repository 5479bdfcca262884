// Minimal assert.js for the runner self-test (the fake engine never runs it).
function assert(value, message) { if (value !== true) throw new Test262Error(message); }
