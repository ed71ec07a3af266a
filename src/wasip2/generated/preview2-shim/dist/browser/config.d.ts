export declare function _setCwd(cwd: string): void;
export declare function _getCwd(): string;
