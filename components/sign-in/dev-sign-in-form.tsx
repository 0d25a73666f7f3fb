/**
 * The dev sign-in's one button: a plain form POST to /signin (no script needed), so that signing
 * in is never a link a foreign page could make a browser follow.
 */
export function DevSignInForm({ worker, next, label }: { worker: string; next?: string; label: string }) {
  return (
    <form method="post" action="/signin">
      <input type="hidden" name="worker" value={worker} />
      {next && <input type="hidden" name="next" value={next} />}
      <button type="submit" className="block w-full rounded-md bg-brand-600 px-4 py-2 text-center font-medium text-white hover:bg-brand-700">
        {label}
      </button>
    </form>
  );
}
