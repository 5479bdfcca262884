export const same = 'a', onlyA = 1;
