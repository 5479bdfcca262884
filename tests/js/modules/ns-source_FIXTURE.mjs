export const c = 'cee', b = 'bee', a = 'ay';
export { a as "Z" };
