/** Bundle upload: a multipart `.zip` with manifest.json and payloads/ (§2.5). */
import { listZip, readZipEntry, ZipError } from '../../../zip.js';
import { detail, ok, pydantic, type MnApi } from './common.js';

export function bundlesRoutes(api: MnApi): void {
  const { world, route } = api;

  route('POST', '/bundles/upload', async (req, res) => {
    const ct = String(req.headers['content-type'] ?? '');
    if (!ct.startsWith('multipart/form-data')) throw pydantic(['body', 'bundle'], 'Field required', 'missing');
    let form: FormData;
    try {
      form = await new Request('http://mock.invalid/', { method: 'POST', headers: { 'content-type': ct }, body: req.body }).formData();
    } catch {
      throw detail(400, 'malformed multipart body');
    }
    const file = form.get('bundle');
    if (!file || typeof file === 'string') throw pydantic(['body', 'bundle'], 'Field required', 'missing');
    const name = (file as File).name ?? 'bundle';
    const buf = Buffer.from(await (file as Blob).arrayBuffer());
    if (!/\.zip$/i.test(name)) throw detail(400, 'bundle must be a .zip file');
    let entries;
    try {
      entries = listZip(buf);
    } catch (e) {
      throw detail(400, e instanceof ZipError ? `bad zip file: ${e.message}` : 'bad zip file');
    }
    const unsafe = entries.find((e) => e.name.startsWith('/') || e.name.split('/').includes('..') || e.name.includes('\\'));
    if (unsafe) throw detail(400, `unsafe path in bundle: ${unsafe.name}`);
    const roots = new Set(entries.map((e) => e.name.split('/')[0]));
    let prefix = '';
    if (!entries.some((e) => e.name === 'manifest.json') && roots.size === 1) prefix = `${[...roots][0]}/`;
    const manifestEntry = entries.find((e) => e.name === `${prefix}manifest.json`);
    if (!manifestEntry) throw detail(400, 'bundle is missing manifest.json');
    if (!entries.some((e) => e.name.startsWith(`${prefix}payloads/`))) throw detail(400, 'bundle is missing the payloads/ folder');
    let manifest: unknown;
    try {
      manifest = JSON.parse(readZipEntry(buf, manifestEntry).toString('utf8'));
    } catch {
      throw detail(400, 'manifest.json in the bundle is malformed');
    }
    if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) throw detail(400, 'manifest.json in the bundle must be a JSON object');
    const payloads: Record<string, string> = {};
    for (const e of entries) if (e.name.startsWith(`${prefix}payloads/`) && !e.name.endsWith('/')) payloads[e.name.slice(prefix.length + 'payloads/'.length)] = readZipEntry(buf, e).toString('utf8');
    const path = `/var/lib/mirror-neuron/uploads/${Math.random().toString(16).slice(2, 14)}/${name.replace(/\.zip$/i, '')}`;
    world.bundles.set(path, { path, manifest: manifest as Record<string, unknown>, payloads, fileName: name });
    ok(res, { bundle_path: path, manifest, rag_db: null, payloads: Object.keys(payloads) });
  });
}
