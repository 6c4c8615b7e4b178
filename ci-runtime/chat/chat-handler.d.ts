import { type ContainerMetrics, type DiscoveredService, type ServiceStatus } from '../../protocol';
import type { RecipeEngine } from '../recipe-engine/types';
import type { ChatAnswer, ChatOptions } from '../server/core';
import { type ParseContext } from '../intents/extract-args';
import type { ConfirmationStore } from './confirmations';
import { type Peer } from './peers';
/** Everything chat may read or do. */
export interface ChatWorld {
    ciName: string;
    token: string;
    services(): ServiceStatus[];
    container(): ContainerMetrics;
    discover(): {
        declared: string[];
        discovered: DiscoveredService[];
        mismatches: string[];
    };
    logs(service: string | null, lines: number): string[];
    disks(): Array<{
        path: string;
        freeBytes: number;
        totalBytes: number;
    }>;
    control(action: 'restart' | 'stop' | 'start', service: string): Promise<{
        ok: boolean;
        detail: string;
    }>;
    recipes: RecipeEngine | null;
    recipesReady?: () => Promise<RecipeEngine | null>;
    peers: Peer[];
    confirmations: ConfirmationStore;
    model: {
        url: string;
        name: string;
    } | null;
}
/** The parse context of this container. */
export declare function contextOf(world: ChatWorld): ParseContext;
/** Answers one chat message. */
export declare function handleChat(world: ChatWorld, content: string, opts: ChatOptions): Promise<ChatAnswer>;
