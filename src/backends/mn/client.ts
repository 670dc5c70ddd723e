/** Typed client of the mn-api gateway. Paths are relative to the configured base (/api/v1 or /api/v2). */
import type { HttpClient } from '../../http/client.js';
import { GatewayHealth, RuntimeHealth } from './models.js';

export class MnClient {
  constructor(readonly http: HttpClient) {}

  gatewayHealth() {
    return this.http.json({ path: 'health' }, GatewayHealth);
  }

  runtimeHealth() {
    return this.http.json({ path: 'runtime/health' }, RuntimeHealth);
  }
}
