/**
 * @jest-environment jsdom
 */
import { act, render } from '@testing-library/react';
import { Avatar, avatarColour } from '../../src/components/Avatar';
import { configureChat } from '../../src/services';
import { profilesStore } from '../../src/stores/profiles';

beforeEach(() => {
  configureChat({ serverUrl: 'https://chat.example' });
  profilesStore.getState().reset();
});

describe('avatar', () => {
  it('shows the initial on a colour that is the same for the same user id every time', () => {
    const { container } = render(<Avatar user={{ id: 'u-1', nickname: ' 安娜' }} />);
    expect(container.querySelector('.avatar-initial')?.textContent).toBe('安');
    expect(container.querySelector('img')).toBeNull();
    expect(avatarColour('u-1')).toBe(avatarColour('u-1'));
    expect(new Set(['u-1', 'u-2', 'u-3', 'u-4', 'u-5'].map(avatarColour)).size).toBeGreaterThan(1);
  });

  it('shows the picture from the server over the initial, in a box of its size', () => {
    const user = { id: 'u-1', nickname: 'Ann', avatar: '/api/avatars/u-1?v=3' };
    const { container } = render(<Avatar user={user} size="small" />);
    expect(container.querySelector('.avatar')?.className).toBe('avatar avatar--small');
    expect(container.querySelector('img')?.getAttribute('src')).toBe('https://chat.example/api/avatars/u-1?v=3');
  });

  it('follows a profile change of its user (user:updated) without being given the new user', () => {
    const { container } = render(<Avatar user={{ id: 'u-1', nickname: 'Ann' }} />);
    act(() => profilesStore.getState().updated({ id: 'u-1', nickname: 'Zoe', avatar: '/api/avatars/u-1?v=9' }));
    expect(container.querySelector('.avatar-initial')?.textContent).toBe('Z');
    expect(container.querySelector('img')?.getAttribute('src')).toBe('https://chat.example/api/avatars/u-1?v=9');
  });
});
