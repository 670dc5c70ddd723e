/** Typed client of the astromesh daemon (/v1). */
import type { HttpClient } from '../../http/client.js';
import { Health } from './models.js';

export class AstromeshClient {
  constructor(readonly http: HttpClient) {}

  health() {
    return this.http.json({ path: 'v1/health' }, Health);
  }
}
