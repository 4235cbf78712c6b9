/**
 * Built-in dissectors, in no particular order (the registry sorts and indexes them after
 * collection). Later protocols append here.
 */
import type { DissectorDescriptor } from './descriptor.ts';
import { dns, dnsTcp } from './protocols/dns.ts';
import { http } from './protocols/http.ts';

export const builtinDissectors: DissectorDescriptor[] = [http, dns, dnsTcp];
