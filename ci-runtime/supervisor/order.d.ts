import type { Application } from '../../protocol';
/** Orders application names so each comes after what it depends on; throws on a cycle. */
export declare function startOrder(apps: Record<string, Pick<Application, 'type' | 'depends_on'>>, names: string[]): string[];
