import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'query',
  positional: '<sql>',
  summary: 'run SQL on the mesh telemetry engine (POST /v1/query); rows as a table, -o json prints the rows',
  examples: ["meshscope mesh query 'SELECT table_name FROM information_schema.tables'", "meshscope mesh query 'SELECT * FROM actors LIMIT 10'"],
  async run(s, _opts, sql: string) {
    if (!sql.trim()) {
      const { usageError } = await import('../../src/errors.js');
      throw usageError('the SQL statement is empty', "give a statement such as 'SELECT table_name FROM information_schema.tables'");
    }
    const [{ AdminClient }, { queryView }] = await Promise.all([import('../../src/backends/admin/client.js'), import('../../src/backends/admin/render.js')]);
    const { rows } = await new AdminClient(await s.client('admin')).query(sql);
    const tabular = Array.isArray(rows) && rows.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r));
    if (!tabular) {
      s.out.data(rows);
      return;
    }
    const list = rows as Array<Record<string, unknown>>;
    if (!s.out.structured && list.length === 0) {
      s.out.info('0 rows');
      return;
    }
    s.out.list(list, queryView(list), list);
  },
});
