export const same = 'b', onlyB = 2;
