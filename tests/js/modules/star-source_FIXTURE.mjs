export const fromStar = 'star';
export default 'star default (not re-exported by export *)';
