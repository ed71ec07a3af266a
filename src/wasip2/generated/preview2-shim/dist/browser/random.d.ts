import type { insecure as InsecureNamespace, insecureSeed as InsecureSeedNamespace, random as RandomNamespace } from "../../types/random.js";
export declare const insecure: typeof InsecureNamespace;
export declare const insecureSeed: typeof InsecureSeedNamespace;
export declare const random: typeof RandomNamespace;
