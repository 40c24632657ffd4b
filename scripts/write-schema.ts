// Writes schema/docwarden.schema.json from the rule modules (npm run schema).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildConfigSchema } from '../src/config/schema.js';
import { packageRoot } from '../src/version.js';
import { RULES } from '../src/registry.js';

writeFileSync(join(packageRoot(), 'schema', 'docwarden.schema.json'), `${JSON.stringify(buildConfigSchema(RULES), null, 2)}\n`);
