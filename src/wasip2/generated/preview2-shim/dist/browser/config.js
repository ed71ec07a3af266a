let _cwd = "/";
export function _setCwd(cwd) {
    _cwd = cwd;
}
export function _getCwd() {
    return _cwd;
}
