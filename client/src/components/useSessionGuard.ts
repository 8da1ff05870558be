import { useEffect } from 'react';
import { useSession } from '../stores/session';
import { goToSignIn } from '../platform/navigation';

/** Sends the user to sign-in when there is no session (never signed in, signed out, or refused by the server). */
export function useSessionGuard(): boolean {
  const signedIn = useSession((state) => state.token !== null);
  useEffect(() => {
    if (!signedIn) goToSignIn();
  }, [signedIn]);
  return signedIn;
}
