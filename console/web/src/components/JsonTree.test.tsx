import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { childPath, JsonTree, typeOf } from './JsonTree';

describe('JsonTree', () => {
  it('gives the JSONPath and value of the clicked field', async () => {
    const onPick = vi.fn();
    render(<JsonTree value={{ order: { id: 1001, 'odd key': 'x', items: [{ price: '52.50' }] } }} onPick={onPick} />);
    await userEvent.click(screen.getByRole('button', { name: '"52.50": use $.order.items[0].price as an output' }));
    expect(onPick).toHaveBeenCalledWith('$.order.items[0].price', '52.50');
    await userEvent.click(screen.getByRole('button', { name: `"x": use $.order['odd key'] as an output` }));
    expect(onPick).toHaveBeenLastCalledWith("$.order['odd key']", 'x');
  });

  it('collapses and expands a node', async () => {
    render(<JsonTree value={{ order: { id: 1 } }} />);
    expect(screen.getByText('1')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Collapse $.order' }));
    expect(screen.queryByText('1')).not.toBeInTheDocument();
  });

  it('reads types and paths as the API does', () => {
    expect(typeOf(3)).toBe('integer');
    expect(typeOf(3.5)).toBe('decimal');
    expect(typeOf('3')).toBe('string');
    expect(childPath('$', 'a-b')).toBe("$['a-b']");
  });
});
