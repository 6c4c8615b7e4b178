/** A peer CI's address. */
export interface Peer {
    name: string;
    host: string;
    port: number;
}
/** Parses TEKTON_CI_PEERS ('db=myapp-db:7070,cache=myapp-cache:7070'); throws naming a bad entry. */
export declare function parsePeers(value: string | undefined): Peer[];
/** Sends a chat to a peer and resolves with its reply's content (or its error message). */
export declare function askPeer(peer: Peer, question: string, { token, sender, timeoutMs }: {
    token: string;
    sender: string;
    timeoutMs?: number;
}): Promise<string>;
