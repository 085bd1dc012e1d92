// A short stable digest for hidden markers (FNV-1a, 32 bits): enough to tell two transitions,
// decisions or problem sets apart; not a security hash.
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}
