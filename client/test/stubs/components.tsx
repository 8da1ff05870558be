/** DOM stand-ins for the Taro components the app uses, for component tests under jsdom. */
import type { ReactNode } from 'react';

interface BaseProps {
  className?: string;
  id?: string;
  children?: ReactNode;
  onClick?: () => void;
  /** WeChat's long press; a context menu event stands in for it here. */
  onLongPress?: () => void;
}

export function View({ className, id, children, onClick, onLongPress }: BaseProps) {
  return (
    <div className={className} id={id} onClick={onClick} onContextMenu={onLongPress}>
      {children}
    </div>
  );
}

export function Text({
  className,
  children,
  onClick,
  'aria-label': ariaLabel,
}: BaseProps & { userSelect?: boolean; 'aria-label'?: string }) {
  return (
    <span className={className} onClick={onClick} aria-label={ariaLabel}>
      {children}
    </span>
  );
}

export function Button({ className, children, onClick, disabled }: BaseProps & { disabled?: boolean }) {
  return (
    <button className={className} onClick={onClick} disabled={disabled}>
      {children}
    </button>
  );
}

interface InputProps {
  className?: string;
  value?: string;
  placeholder?: string;
  onInput?: (event: { detail: { value: string } }) => void;
  onConfirm?: () => void;
}

export function Input({ className, value, placeholder, onInput, onConfirm }: InputProps) {
  return (
    <input
      className={className}
      value={value}
      placeholder={placeholder}
      onChange={(event) => onInput?.({ detail: { value: event.target.value } })}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onConfirm?.();
      }}
    />
  );
}

export function ScrollView({ className, children }: BaseProps) {
  return <div className={className}>{children}</div>;
}

export function Image({ className, src }: { className?: string; src: string; mode?: string; lazyLoad?: boolean }) {
  return <img className={className} src={src} alt="" />;
}
