// Minimal include for the runner self-test.
function verifyProperty() {}
