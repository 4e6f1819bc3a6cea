/** Sort groups of completion items: what the position most likely wants comes first. */
export const RANK = { join: '0', column: '1', alias: '2', relation: '3', keyword: '5', function: '6' } as const;
