/**
 * A row its foreign key guarantees (a note's author, an inquiry's company), for a field the schema
 * declares non-null: a missing row is a broken database, reported as the field's error.
 */
export async function required<Row>(row: Promise<Row | null>, what: string): Promise<Row> {
  const found = await row;
  if (found === null) throw new Error(`${what} is missing from the CRM database`);
  return found;
}
