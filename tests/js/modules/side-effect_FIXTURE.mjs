globalThis.sideEffect = 'side effect ran';
