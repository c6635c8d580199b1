import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { makeContext } from "../hooks/context.js";

export type Theme = "dark" | "light";
type ThemeState = { theme: Theme; toggle: () => void };

const [ThemeContextProvider, useTheme] = makeContext<ThemeState>("Theme");
const KEY = "playground.theme";

function initialTheme(): Theme {
  const saved = localStorage.getItem(KEY);
  if (saved === "dark" || saved === "light") return saved;
  return matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark";
}

export function ThemeProvider({ children }: { children: ReactNode }) {
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => {
    // CSS variables hang off the root element, so non-React parts (Monaco's chrome, scrollbars) follow too.
    document.documentElement.dataset.theme = theme;
    localStorage.setItem(KEY, theme);
  }, [theme]);
  const toggle = useCallback(() => setTheme((t) => (t === "dark" ? "light" : "dark")), []);
  const value = useMemo(() => ({ theme, toggle }), [theme, toggle]);
  return <ThemeContextProvider value={value}>{children}</ThemeContextProvider>;
}

export { useTheme };
