/**
 * This response's Content-Security-Policy nonce (server.ts makes one per response), given by
 * entry.server.tsx to the inline scripts Remix writes: hydration data, scroll restoration and
 * streamed loader data. In the browser there is none (the page's scripts are already allowed).
 */
import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);

export const useNonce = () => useContext(NonceContext);
